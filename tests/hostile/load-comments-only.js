// I will write outer() later.
/* function outer() { let counter = 0; return () => ++counter; } */
