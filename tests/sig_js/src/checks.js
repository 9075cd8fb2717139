'use strict';
// The shared wrapper both validation bugs throw through.
class ValidationError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ValidationError';
  }
}

function fail(what, id) {
  throw new ValidationError('invalid ' + what + ' ' + id);
}

module.exports = { fail, ValidationError };
