'use strict';
const { load } = require('./ledger');

const lines = ['2024-01-02;coffee;-3.5', '2024-01-03;salary;1200', '2024-01-04;rent;twelve'];

load(lines).then(
  (b) => console.log('balance', b),
  (err) => console.log(err.stack),
);
