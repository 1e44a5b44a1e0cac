// Correct: arrows, ES module; history as a copy with slice.
export const makeThermostat = (start) => {
  let target = start;
  const targets = [start];
  return {
    set: (degrees) => {
      target = degrees;
      targets.push(degrees);
    },
    reader: () => () => target,
    history: () => targets.slice(),
  };
};
