// Correct: the answers exported from CommonJS as an object property.
module.exports = { predictions: ["outside", [3, 2], 40, ["goodbye", "goodbye"], [3, 3, 3]] };
