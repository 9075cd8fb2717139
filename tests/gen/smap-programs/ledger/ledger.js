'use strict';
const parse = require('./parse');

const Ledger = {
  entries: [],
  post(line) {
    const entry = parse.entry(line);
    this.entries.push(entry);
    return entry;
  },
  balance() {
    let total = 0;
    for (const e of this.entries) total += e.amount;
    return total;
  },
};

async function load(lines) {
  for (const line of lines) {
    await Promise.resolve();
    Ledger.post(line);
  }
  return Ledger.balance();
}

module.exports = { load };
