"""One module per page; each holds an APIRouter that ``reportgen.web.app`` includes."""
