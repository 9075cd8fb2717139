x()
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==
//# debugId=1AAD9D9E2B50454FA5F20DD5E95C154C
