namespace TfInit.Keras.Datasets;

/// <summary>
/// What the first bytes of an IDX file declare, read without its data: so that files which cannot fit together (an
/// images file and a labels file of different counts) are refused before any of their data is allocated.
/// </summary>
/// <param name="DataType">The element type the magic number names.</param>
/// <param name="Shape">The declared size of each dimension, outermost first; none negative.</param>
internal sealed record IdxHeader(IdxDataType DataType, int[] Shape)
{
    /// <summary>The same text as <see cref="IdxArray.ToString"/>: the type and the shape, <c>Byte [60000, 28, 28]</c>.</summary>
    public override string ToString() => $"{DataType} [{string.Join(", ", Shape)}]";
}
