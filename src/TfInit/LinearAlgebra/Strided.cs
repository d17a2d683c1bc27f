namespace TfInit.LinearAlgebra;

/// <summary>
/// A matrix operand seen through strides: element (i, j) is at <c>Address + (i * Row + j * Column) * sizeof(double)</c>,
/// so a row-major block, its transpose and a column-major block are all the same kind of operand.
/// </summary>
/// <param name="Address">Where element (0, 0) is, in pinned or native memory.</param>
/// <param name="Row">Elements from (i, j) to (i + 1, j).</param>
/// <param name="Column">Elements from (i, j) to (i, j + 1).</param>
internal readonly record struct Strided(nint Address, nint Row, nint Column)
{
    /// <summary>A row-major matrix whose rows are <paramref name="leading"/> elements apart.</summary>
    public static unsafe Strided RowMajor(double* start, nint leading) => new((nint)start, leading, 1);

    /// <summary>The transpose of this operand: (i, j) here is (j, i) there.</summary>
    public Strided Transposed => new(Address, Column, Row);

    /// <summary>The operand whose (0, 0) is element (<paramref name="i"/>, <paramref name="j"/>) of this one.</summary>
    public unsafe Strided At(nint i, nint j) => this with { Address = (nint)Pointer(i, j) };

    /// <summary>The address of element (<paramref name="i"/>, <paramref name="j"/>).</summary>
    public unsafe double* Pointer(nint i, nint j) => (double*)Address + (i * Row) + (j * Column);
}
