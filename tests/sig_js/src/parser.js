'use strict';
function fieldOf(record) {
  return record.fields[record.index];
}

function widthOf(id) {
  const record = { index: id, fields: id > 100000 ? ['x'] : undefined };
  return fieldOf(record).length;
}

function makeBuffer(id) {
  return new Array(-id - 1);
}

module.exports = { widthOf, makeBuffer };
