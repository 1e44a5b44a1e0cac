//! The matchers a spec's `expect` offers, and what the value under test was, as typed data read
//! from what the recorder kept.

/// A matcher of `expect(value)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// `toBe`: `Object.is`.
    ToBe,
    /// `toEqual`: recursive equality, `undefined` properties ignored.
    ToEqual,
    /// `toStrictEqual`: recursive equality, classes and `undefined` properties counted.
    ToStrictEqual,
    /// `toMatchObject`: the expected properties are there, recursively.
    ToMatchObject,
    /// `toThrow` / `toThrowError`, optionally with a message, pattern, class or error.
    ToThrow,
    /// `toBeCloseTo(number, digits = 2)`.
    ToBeCloseTo,
    /// `toBeDefined`.
    ToBeDefined,
    /// `toBeUndefined`.
    ToBeUndefined,
    /// `toBeNull`.
    ToBeNull,
    /// `toBeNaN`.
    ToBeNaN,
    /// `toBeTruthy`.
    ToBeTruthy,
    /// `toBeFalsy`.
    ToBeFalsy,
    /// `toContain`: an item of an array (by `===`) or a substring.
    ToContain,
    /// `toContainEqual`: an item of an array, by `toEqual`.
    ToContainEqual,
    /// `toHaveLength`.
    ToHaveLength,
    /// `toMatch(regexp | string)`.
    ToMatch,
    /// `toBeInstanceOf(Class)`, by constructor name along the prototype chain.
    ToBeInstanceOf,
    /// `toHaveProperty(path, value?)`.
    ToHaveProperty,
    /// `toBeGreaterThan`, `toBeLessThanOrEqual` and the others.
    Compare(Comparison),
    /// `toHaveBeenCalled` / `toBeCalled`.
    ToHaveBeenCalled,
    /// `toHaveBeenCalledTimes` / `toBeCalledTimes`.
    ToHaveBeenCalledTimes,
    /// `toHaveBeenCalledWith` / `toBeCalledWith`: some call had these arguments.
    ToHaveBeenCalledWith,
    /// `toHaveBeenLastCalledWith`.
    ToHaveBeenLastCalledWith,
    /// `toHaveBeenNthCalledWith(n, ...args)`.
    ToHaveBeenNthCalledWith,
}

/// An ordering matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
}

impl Comparison {
    /// The operator, for messages.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Greater => ">",
            Comparison::GreaterOrEqual => ">=",
            Comparison::Less => "<",
            Comparison::LessOrEqual => "<=",
        }
    }

    /// Whether `a` stands so to `b`.
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Comparison::Greater => a > b,
            Comparison::GreaterOrEqual => a >= b,
            Comparison::Less => a < b,
            Comparison::LessOrEqual => a <= b,
        }
    }
}

impl Matcher {
    /// The matcher the runtime named, if it is one.
    pub fn from_name(name: &str) -> Option<Matcher> {
        Some(match name {
            "toBe" => Matcher::ToBe,
            "toEqual" => Matcher::ToEqual,
            "toStrictEqual" => Matcher::ToStrictEqual,
            "toMatchObject" => Matcher::ToMatchObject,
            "toThrow" | "toThrowError" => Matcher::ToThrow,
            "toBeCloseTo" => Matcher::ToBeCloseTo,
            "toBeDefined" => Matcher::ToBeDefined,
            "toBeUndefined" => Matcher::ToBeUndefined,
            "toBeNull" => Matcher::ToBeNull,
            "toBeNaN" => Matcher::ToBeNaN,
            "toBeTruthy" => Matcher::ToBeTruthy,
            "toBeFalsy" => Matcher::ToBeFalsy,
            "toContain" => Matcher::ToContain,
            "toContainEqual" => Matcher::ToContainEqual,
            "toHaveLength" => Matcher::ToHaveLength,
            "toMatch" => Matcher::ToMatch,
            "toBeInstanceOf" => Matcher::ToBeInstanceOf,
            "toHaveProperty" => Matcher::ToHaveProperty,
            "toBeGreaterThan" => Matcher::Compare(Comparison::Greater),
            "toBeGreaterThanOrEqual" => Matcher::Compare(Comparison::GreaterOrEqual),
            "toBeLessThan" => Matcher::Compare(Comparison::Less),
            "toBeLessThanOrEqual" => Matcher::Compare(Comparison::LessOrEqual),
            "toHaveBeenCalled" | "toBeCalled" => Matcher::ToHaveBeenCalled,
            "toHaveBeenCalledTimes" | "toBeCalledTimes" => Matcher::ToHaveBeenCalledTimes,
            "toHaveBeenCalledWith" | "toBeCalledWith" => Matcher::ToHaveBeenCalledWith,
            "toHaveBeenLastCalledWith" => Matcher::ToHaveBeenLastCalledWith,
            "toHaveBeenNthCalledWith" => Matcher::ToHaveBeenNthCalledWith,
            _ => return None,
        })
    }

    /// The matcher's Jest name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Matcher::ToBe => "toBe",
            Matcher::ToEqual => "toEqual",
            Matcher::ToStrictEqual => "toStrictEqual",
            Matcher::ToMatchObject => "toMatchObject",
            Matcher::ToThrow => "toThrow",
            Matcher::ToBeCloseTo => "toBeCloseTo",
            Matcher::ToBeDefined => "toBeDefined",
            Matcher::ToBeUndefined => "toBeUndefined",
            Matcher::ToBeNull => "toBeNull",
            Matcher::ToBeNaN => "toBeNaN",
            Matcher::ToBeTruthy => "toBeTruthy",
            Matcher::ToBeFalsy => "toBeFalsy",
            Matcher::ToContain => "toContain",
            Matcher::ToContainEqual => "toContainEqual",
            Matcher::ToHaveLength => "toHaveLength",
            Matcher::ToMatch => "toMatch",
            Matcher::ToBeInstanceOf => "toBeInstanceOf",
            Matcher::ToHaveProperty => "toHaveProperty",
            Matcher::Compare(Comparison::Greater) => "toBeGreaterThan",
            Matcher::Compare(Comparison::GreaterOrEqual) => "toBeGreaterThanOrEqual",
            Matcher::Compare(Comparison::Less) => "toBeLessThan",
            Matcher::Compare(Comparison::LessOrEqual) => "toBeLessThanOrEqual",
            Matcher::ToHaveBeenCalled => "toHaveBeenCalled",
            Matcher::ToHaveBeenCalledTimes => "toHaveBeenCalledTimes",
            Matcher::ToHaveBeenCalledWith => "toHaveBeenCalledWith",
            Matcher::ToHaveBeenLastCalledWith => "toHaveBeenLastCalledWith",
            Matcher::ToHaveBeenNthCalledWith => "toHaveBeenNthCalledWith",
        }
    }
}

/// `.resolves`, `.rejects` or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    /// `expect(value)`.
    None,
    /// `expect(promise).resolves`.
    Resolves,
    /// `expect(promise).rejects`.
    Rejects,
}

impl Modifier {
    /// The modifier the runtime named.
    pub fn from_name(name: &str) -> Option<Modifier> {
        match name {
            "" => Some(Modifier::None),
            "resolves" => Some(Modifier::Resolves),
            "rejects" => Some(Modifier::Rejects),
            _ => None,
        }
    }

    /// `.resolves` as written in the spec, or nothing.
    pub fn written(self) -> &'static str {
        match self {
            Modifier::None => "",
            Modifier::Resolves => ".resolves",
            Modifier::Rejects => ".rejects",
        }
    }
}

/// What the value under test turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The value itself (or what a promise resolved to, or the reason it rejected with).
    Value,
    /// What calling the function threw (`toThrow`), or the reason of `.rejects`.
    Threw,
    /// What calling the function returned, having thrown nothing (`toThrow`).
    Returned,
    /// A mock's calls, each a list of arguments.
    Calls,
    /// A call matcher was given something that is not a `jest.fn()`.
    NotAMock,
    /// `toThrow` was given something that is not a function.
    NotAFunction,
    /// `.resolves`/`.rejects` was given something that is not a promise.
    NotAPromise,
    /// The promise rejected where `.resolves` expected a value.
    Rejected,
    /// The promise resolved where `.rejects` expected it to reject.
    ResolvedInstead,
    /// `.resolves.toThrow()`: the promise resolved (to the value), so nothing threw.
    Resolved,
}

impl Subject {
    /// The subject the runtime named.
    pub fn from_name(name: &str) -> Option<Subject> {
        Some(match name {
            "value" => Subject::Value,
            "threw" => Subject::Threw,
            "returned" => Subject::Returned,
            "calls" => Subject::Calls,
            "not-a-mock" => Subject::NotAMock,
            "not-a-function" => Subject::NotAFunction,
            "not-a-promise" => Subject::NotAPromise,
            "rejected" => Subject::Rejected,
            "resolved-instead" => Subject::ResolvedInstead,
            "resolved" => Subject::Resolved,
            _ => return None,
        })
    }
}
