# Type hints for the sitrep package (python/sitrep/__init__.py + _native).
import datetime
import os
from typing import Any, Callable, Dict, Iterable, Iterator, List, Literal, Optional, Sequence, Union, overload

__version__: str
SCHEMA_VERSION: int

Record = Union[str, bytes, Dict[str, Any]]
DateLike = Union[None, str, datetime.date]

class InputError(ValueError):
    """A report that cannot be read; str(e) is the CLI's message."""
    input: str
    line: int
    offset: int
    reason: str
    warning: bool

class StoreError(RuntimeError):
    """The store could not be opened, queried or written (nothing was written)."""

def version() -> str: ...

class Engine:
    def __init__(self, data_dir: Optional[str] = ...) -> None: ...
    @property
    def data_dir(self) -> str: ...
    def extract_json(self, text: Union[str, Dict[str, Any]], date: DateLike = ..., *, annotate: str = ...,
                     indent: Optional[int] = ..., input: str = ..., line: int = ..., **meta: Any) -> str: ...
    def extract(self, text: Union[str, Dict[str, Any]], date: DateLike = ..., *, annotate: str = ...,
                input: str = ..., line: int = ..., offsets: Literal["chars", "bytes"] = ...,
                **meta: Any) -> Dict[str, Any]: ...
    @overload
    def extract_many(self, items: Iterable[Record], *, date: DateLike = ..., threads: int = ...,
                     batch_size: int = ..., annotate: str = ..., input: str = ...,
                     on_error: Optional[Callable[[InputError], None]] = ...,
                     as_json: Literal[False] = ...) -> Iterator[Dict[str, Any]]: ...
    @overload
    def extract_many(self, items: Iterable[Record], *, date: DateLike = ..., threads: int = ...,
                     batch_size: int = ..., annotate: str = ..., input: str = ...,
                     on_error: Optional[Callable[[InputError], None]] = ...,
                     as_json: Literal[True]) -> Iterator[str]: ...
    def extract_lines(self, lines: Sequence[Union[str, bytes]], *, input: str = ..., first_line: int = ...,
                      offsets: Optional[Sequence[int]] = ..., date: DateLike = ..., threads: int = ...,
                      annotate: str = ..., as_json: bool = ...) -> List[Union[str, Dict[str, Any], InputError]]: ...
    def extract_file(self, *paths: str, date: DateLike = ..., threads: int = ..., annotate: str = ...,
                     on_error: Optional[Callable[[InputError], None]] = ...,
                     as_json: bool = ...) -> Iterator[Union[Dict[str, Any], str]]: ...

class Store:
    def __init__(self, url_or_path: Union[str, "os.PathLike[str]"], *, create: bool = ...) -> None: ...
    @property
    def url(self) -> str: ...
    def __enter__(self) -> "Store": ...
    def __exit__(self, *exc: Any) -> None: ...
    def event(self, event_id: str) -> Optional[Dict[str, Any]]: ...
    def events(self, *, date_from: DateLike = ..., date_to: DateLike = ..., type: Optional[str] = ...,
               country: Optional[str] = ..., actor: Optional[str] = ..., near: Optional[tuple] = ...,
               bbox: Optional[tuple] = ..., text: Optional[str] = ..., min_killed: Optional[int] = ...,
               acled_type: Optional[str] = ..., modality: str = ..., background: str = ...,
               limit: Optional[int] = ..., as_frame: Optional[bool] = ...) -> Any: ...
    def tallies(self, metric: Optional[str] = ..., group: Optional[str] = ..., *,
                as_frame: Optional[bool] = ...) -> Any: ...
    def counts(self) -> Dict[str, Any]: ...
    def ingest(self, engine: Engine, items: Iterable[Record], *, date: DateLike = ..., threads: int = ...,
               batch_size: int = ..., input: str = ...) -> Dict[str, int]: ...
    # events/tallies: a pandas.DataFrame when pandas is importable (as_frame=None), else List[Dict[str, Any]]
    def close(self) -> None: ...
