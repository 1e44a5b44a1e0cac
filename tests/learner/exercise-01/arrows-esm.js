// Correct: arrow functions, ES module, with a private top-level helper (modules keep it private).
const twice = (n) => n * 2;
export const createFunction = () => twice;
export const createPrinter = (text) => () => console.log(text);
