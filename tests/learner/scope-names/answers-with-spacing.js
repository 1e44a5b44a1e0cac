// Correct: the third answer in capitals with spaces around it (checked case- and space-blind).
export const predictions = ["defined", ["label", "ticks"], "  Persistent ", 2];
