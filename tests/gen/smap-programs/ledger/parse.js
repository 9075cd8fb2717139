'use strict';

function amountOf(text) {
  const n = Number(text);
  if (Number.isNaN(n)) {
    throw new TypeError('bad amount: ' + JSON.stringify(text));
  }
  return Math.round(n * 100);
}

exports.entry = function entry(line) {
  const [date, memo, amount] = line.split(';');
  return { date, memo, amount: amountOf(amount) };
};
