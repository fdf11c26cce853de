"""Proof that generated code does nothing but declare: checked before any file is written.

datamodel-code-generator writes `models.py` from schemas a pull request may have written; it honours
extensions such as `x-python-import`, and pydantic evaluates annotations. So the models module is
held to an allowlist of what a models module may contain (imports from known modules, classes whose
bodies are annotations, constants and `Field(...)` calls, `model_rebuild()`), with every name and
every string annotation checked. Any other generated module must at least compile.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

__all__ = ["UnsafeCode", "check_compiles", "check_models"]

_MODULES = frozenset(
    {
        "__future__",
        "typing",
        "typing_extensions",
        "pydantic",
        "enum",
        "datetime",
        "uuid",
        "decimal",
        "ipaddress",
        "collections.abc",
    }
)
_LOCAL_MODULES = frozenset({"_types"})
_CALLABLES = frozenset({"Field", "ConfigDict", "conint", "confloat", "constr", "conlist", "conbytes", "condecimal"})
_BUILTIN_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "set", "frozenset", "tuple", "None", "type", "object"}
)


class UnsafeCode(ValueError):
    """Generated code that is not plain declarations (or does not parse); nothing is written."""


def check_compiles(name: str, source: str) -> None:
    try:
        compile(source, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        raise UnsafeCode(f"{name} would not compile: {exc}") from None


def check_models(source: str) -> None:
    check_compiles("models.py", source)
    tree = ast.parse(source)
    names = set(_BUILTIN_NAMES)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            allowed = module in _LOCAL_MODULES if node.level == 1 else node.level == 0 and module in _MODULES
            if node.level == 0 and module == "builtins":  # `from builtins import str as str_aliased`
                allowed = all(alias.name in _BUILTIN_NAMES for alias in node.names)
            if not allowed:
                raise UnsafeCode(f"models.py would import from {'.' * node.level}{module}")
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
    for node in tree.body:
        _statement(node, names, top=True)


def _fail(node: ast.AST, what: str) -> UnsafeCode:
    return UnsafeCode(f"models.py line {getattr(node, 'lineno', '?')}: {what} is not allowed in a models module")


def _statement(node: ast.stmt, names: set[str], *, top: bool) -> None:
    if isinstance(node, ast.ImportFrom) and top:
        return
    if isinstance(node, ast.ClassDef) and top:
        if node.decorator_list or node.keywords:
            raise _fail(node, "a class decorator or keyword")
        for base in node.bases:
            _type(base, names)
        for item in node.body:
            _statement(item, names, top=False)
        return
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
        return  # a docstring
    if isinstance(node, ast.Pass):
        return
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and not top:
        _type(node.annotation, names)
        if node.value is not None:
            _value(node.value, names)
        return
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        _value(node.value, names) if not top else _type(node.value, names)
        return
    if (
        top
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and isinstance(node.value.func.value, ast.Name)
        and node.value.func.value.id in names
        and node.value.func.attr == "model_rebuild"
        and not node.value.args
        and not node.value.keywords
    ):
        return
    raise _fail(node, type(node).__name__)


def _type(node: ast.expr, names: set[str]) -> None:
    """A type expression: names, subscripts, `X | Y`, `Literal[...]` of constants, quoted forward references."""
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise _fail(node, f"the name {node.id!r}")
    elif isinstance(node, ast.Attribute):
        _type(node.value, names)
        if node.attr.startswith("_"):
            raise _fail(node, f"the attribute {node.attr!r}")
    elif isinstance(node, ast.Subscript):
        _type(node.value, names)
        if isinstance(node.value, ast.Name) and node.value.id == "Literal":
            for item in _elements(node.slice):
                if not isinstance(item, ast.Constant):
                    raise _fail(item, "a Literal member that is not a constant")
        elif isinstance(node.value, ast.Name) and node.value.id == "Annotated":
            first, *rest = list(_elements(node.slice))
            _type(first, names)
            for item in rest:
                _value(item, names)
        else:
            for item in _elements(node.slice):
                _type(item, names)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        _type(node.left, names)
        _type(node.right, names)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            try:
                inner = ast.parse(node.value, mode="eval").body
            except SyntaxError:
                raise _fail(node, "a string annotation that is not a type") from None
            _type(inner, names)  # pydantic evaluates string annotations: they are held to the same rules
        elif node.value is not None and node.value is not Ellipsis:
            raise _fail(node, "a constant in a type")
    elif isinstance(node, (ast.Tuple, ast.List)):
        for item in node.elts:
            _type(item, names)
    else:
        raise _fail(node, type(node).__name__)


def _value(node: ast.expr, names: set[str]) -> None:
    """A default or a field argument: constants, containers of them, `Field(...)`-style calls, names."""
    if isinstance(node, ast.Constant):
        return
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for item in node.elts:
            _value(item, names)
    elif isinstance(node, ast.Dict):
        for member in [*node.keys, *node.values]:
            if member is not None:
                _value(member, names)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        _value(node.operand, names)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _CALLABLES or node.func.id not in names:
            raise _fail(node, "a call")
        for item in node.args:
            _value(item, names)
        for keyword in node.keywords:
            if keyword.arg is None:
                raise _fail(node, "**kwargs")
            _value(keyword.value, names)
    else:
        _type(node, names)


def _elements(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.Tuple):
        yield from node.elts
    else:
        yield node
