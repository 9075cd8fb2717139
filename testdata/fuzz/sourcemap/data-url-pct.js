//# sourceMappingURL=data:application/json,%7B%22version%22%3A3%7D%
