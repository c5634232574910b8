"""Units: a small table of SI factors and dimensions, and a reader for unit expressions."""

from __future__ import annotations

from fractions import Fraction

from tutor_app.errors import MathInputError
from tutor_app.mathcheck.tokens import Token

# Dimension exponents: length, mass, time, current, temperature, amount, angle.
_L, _M, _T, _I, _K, _N, _A = (tuple(int(k == j) for k in range(7)) for j in range(7))
_ONE = (0,) * 7


def _mul(a: tuple, b: tuple, power: int = 1) -> tuple:
    return tuple(x + power * y for x, y in zip(a, b))


_FORCE = _mul(_mul(_M, _L), _T, -2)
_ENERGY = _mul(_FORCE, _L)
_POWER = _mul(_ENERGY, _T, -1)
_PRESSURE = _mul(_FORCE, _L, -2)
_VOLT = _mul(_POWER, _I, -1)

UNITS: dict[str, tuple[Fraction | float, tuple]] = {
    "m": (Fraction(1), _L), "cm": (Fraction(1, 100), _L), "mm": (Fraction(1, 1000), _L),
    "km": (Fraction(1000), _L), "µm": (Fraction(1, 10**6), _L), "nm": (Fraction(1, 10**9), _L),
    "s": (Fraction(1), _T), "ms": (Fraction(1, 1000), _T), "µs": (Fraction(1, 10**6), _T),
    "ns": (Fraction(1, 10**9), _T), "min": (Fraction(60), _T), "h": (Fraction(3600), _T),
    "hr": (Fraction(3600), _T), "day": (Fraction(86400), _T), "days": (Fraction(86400), _T),
    "kg": (Fraction(1), _M), "g": (Fraction(1, 1000), _M), "mg": (Fraction(1, 10**6), _M),
    "µg": (Fraction(1, 10**9), _M), "A": (Fraction(1), _I), "mA": (Fraction(1, 1000), _I),
    "K": (Fraction(1), _K), "mol": (Fraction(1), _N), "N": (Fraction(1), _FORCE),
    "kN": (Fraction(1000), _FORCE), "J": (Fraction(1), _ENERGY), "kJ": (Fraction(1000), _ENERGY),
    "MJ": (Fraction(10**6), _ENERGY), "cal": (Fraction(4184, 1000), _ENERGY),
    "kcal": (Fraction(4184), _ENERGY), "eV": (1.602176634e-19, _ENERGY),
    "Wh": (Fraction(3600), _ENERGY), "kWh": (Fraction(3600000), _ENERGY),
    "W": (Fraction(1), _POWER), "kW": (Fraction(1000), _POWER), "MW": (Fraction(10**6), _POWER),
    "Pa": (Fraction(1), _PRESSURE), "kPa": (Fraction(1000), _PRESSURE),
    "MPa": (Fraction(10**6), _PRESSURE), "GPa": (Fraction(10**9), _PRESSURE),
    "Hz": (Fraction(1), _mul(_ONE, _T, -1)), "V": (Fraction(1), _VOLT),
    "mV": (Fraction(1, 1000), _VOLT), "kV": (Fraction(1000), _VOLT),
    "ohm": (Fraction(1), _mul(_VOLT, _I, -1)), "Ω": (Fraction(1), _mul(_VOLT, _I, -1)),
    "L": (Fraction(1, 1000), _mul(_ONE, _L, 3)), "mL": (Fraction(1, 10**6), _mul(_ONE, _L, 3)),
    "ml": (Fraction(1, 10**6), _mul(_ONE, _L, 3)), "rad": (Fraction(1), _A), "deg": (None, _A),
    "M": (Fraction(1000), _mul(_N, _L, -3)),
}

_NAMES = {
    _L: "a length", _M: "a mass", _T: "a time", _FORCE: "a force", _ENERGY: "an energy",
    _POWER: "a power", _PRESSURE: "a pressure", _VOLT: "a voltage", _ONE: "a pure number",
    _mul(_L, _T, -1): "a speed", _mul(_L, _T, -2): "an acceleration", _A: "an angle",
    _mul(_ONE, _L, 3): "a volume", _mul(_ONE, _L, 2): "an area", _I: "a current",
}


def is_unit_token(tok: Token) -> bool:
    """Whether a token can be part of a unit expression."""
    return (tok.kind in ("name", "unit") and tok.text in UNITS) or tok.text in "*/^-()" or tok.kind == "num"


def describe(dim: tuple) -> str:
    """A phrase for a dimension ("a length"), for reasons."""
    return _NAMES.get(dim, "a different kind of quantity")


def read_units(tokens: list[Token]) -> tuple[object, tuple]:
    """The SI factor and dimension of tokens like ``m/s^2`` or ``kg m s^-2``."""
    import sympy

    factor: object = sympy.Integer(1)
    dim = _ONE
    sign = 1
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text == "/":
            sign = -1
            i += 1
            continue
        if tok.text in ("*", "(", ")"):
            i += 1
            continue
        if tok.text not in UNITS or tok.kind not in ("name", "unit"):
            raise MathInputError(f"could not read the unit '{tok.text}': it is not a unit the checker knows")
        value, unit_dim = UNITS[tok.text]
        power = 1
        if i + 1 < len(tokens) and tokens[i + 1].text == "^":
            j = i + 2
            bracketed = j < len(tokens) and tokens[j].text == "("
            j += bracketed
            neg = j < len(tokens) and tokens[j].text == "-"
            j += neg
            if j >= len(tokens) or tokens[j].kind != "num" or not tokens[j].text.isdigit():
                raise MathInputError(f"could not read the power of the unit '{tok.text}'")
            power = int(tokens[j].text) * (-1 if neg else 1)
            if bracketed:
                j += 1
                if j >= len(tokens) or tokens[j].text != ")":
                    raise MathInputError(f"could not read the power of the unit '{tok.text}'")
            i = j
        power *= sign
        unit_value = sympy.pi / 180 if value is None else sympy.nsimplify(value)
        factor = factor * unit_value**power
        dim = _mul(dim, unit_dim, power)
        i += 1
    return factor, dim
