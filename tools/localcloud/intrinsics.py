"""CloudFormation intrinsic functions and conditions, resolved against provisioned state."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from typing import Any

NO_VALUE = object()  # AWS::NoValue: the property is removed

_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


class IntrinsicError(ValueError):
    pass


class Resolver:
    """Resolves Ref / Fn::* against parameters, pseudo parameters and resources.

    ``ref`` and ``get_att`` are callbacks into the provisioner so a reference to a resource
    that is not created yet fails loudly (the provisioner orders by dependencies).
    """

    def __init__(
        self,
        *,
        parameters: Mapping[str, Any],
        conditions: Mapping[str, Any],
        ref: Callable[[str], Any],
        get_att: Callable[[str, str], Any],
    ) -> None:
        self._parameters = parameters
        self._condition_defs = conditions
        self._condition_cache: dict[str, bool] = {}
        self._ref = ref
        self._get_att = get_att

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            items = [self.resolve(v) for v in value]
            return [i for i in items if i is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            handler = _FUNCTIONS.get(key)
            if handler is not None:
                return handler(self, arg)
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def condition(self, name: str) -> bool:
        if name not in self._condition_cache:
            if name not in self._condition_defs:
                raise IntrinsicError(f"unknown condition {name}")
            self._condition_cache[name] = bool(self.resolve(self._condition_defs[name]))
        return self._condition_cache[name]

    def ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self._parameters:
            return self._parameters[name]
        return self._ref(name)

    def sub(self, arg: Any) -> str:
        if isinstance(arg, list):
            text, variables = arg[0], {k: self.resolve(v) for k, v in arg[1].items()}
        else:
            text, variables = arg, {}

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                return str(self._get_att(logical_id, attribute))
            return str(self.ref(name))

        # "${!Literal}" is CloudFormation's escape for a literal "${Literal}".
        return _SUB_VAR.sub(replace, str(text)).replace("${!", "${")


def _join(r: Resolver, arg: Any) -> str:
    delimiter, items = arg
    return str(delimiter).join(str(i) for i in r.resolve(items))


def _get_att(r: Resolver, arg: Any) -> Any:
    logical_id, attribute = arg.split(".", 1) if isinstance(arg, str) else arg
    return r._get_att(str(logical_id), str(r.resolve(attribute)))


def _if(r: Resolver, arg: Any) -> Any:
    name, when_true, when_false = arg
    return r.resolve(when_true if r.condition(name) else when_false)


def _select(r: Resolver, arg: Any) -> Any:
    index, items = r.resolve(arg)
    return items[int(index)]


def _split(r: Resolver, arg: Any) -> list[str]:
    delimiter, text = r.resolve(arg)
    return str(text).split(str(delimiter))


def _find_in_map(r: Resolver, arg: Any) -> Any:
    raise IntrinsicError("Fn::FindInMap is not supported by the local cloud (no Mappings)")


_FUNCTIONS: dict[str, Callable[[Resolver, Any], Any]] = {
    "Ref": lambda r, a: r.ref(str(a)),
    "Fn::Sub": lambda r, a: r.sub(a),
    "Fn::Join": _join,
    "Fn::GetAtt": _get_att,
    "Fn::If": _if,
    "Fn::Select": _select,
    "Fn::Split": _split,
    "Fn::Base64": lambda r, a: base64.b64encode(str(r.resolve(a)).encode()).decode(),
    "Fn::Equals": lambda r, a: r.resolve(a[0]) == r.resolve(a[1]),
    "Fn::Not": lambda r, a: not r.resolve(a[0]),
    "Fn::And": lambda r, a: all(r.resolve(x) for x in a),
    "Fn::Or": lambda r, a: any(r.resolve(x) for x in a),
    "Condition": lambda r, a: r.condition(str(a)),
    "Fn::GetAZs": lambda r, a: ["us-east-1a", "us-east-1b", "us-east-1c"],
    "Fn::FindInMap": _find_in_map,
}
