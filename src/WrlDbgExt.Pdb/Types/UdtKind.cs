namespace WrlDbgExt.Pdb.Types;

public enum UdtKind
{
    Class,
    Structure,
    Union,
    Interface,
}
