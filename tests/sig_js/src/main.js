'use strict';
const { orderTotal } = require('./orders');
const { login } = require('./users');
const { widthOf, makeBuffer } = require('./parser');

function run(bug, id) {
  if (bug === 'order') return orderTotal(id);
  if (bug === 'user') return login(id);
  if (bug === 'parse') return widthOf(id);
  return makeBuffer(id).length;
}

console.log(run(process.argv[2], Number(process.argv[3])));
