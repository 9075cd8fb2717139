var s='ðâ¨';function f(){}
var g=function(){}