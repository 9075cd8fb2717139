'use strict';
const { fail } = require('./checks');

const byId = new Map();

function findOrder(id) {
  const o = byId.get(id);
  if (!o) fail('id', id);
  return o;
}

function orderTotal(id) {
  return findOrder(id).lines.length;
}

module.exports = { orderTotal };
