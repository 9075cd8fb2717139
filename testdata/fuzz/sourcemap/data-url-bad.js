//# sourceMappingURL=data:application/json;base64,@@@@
