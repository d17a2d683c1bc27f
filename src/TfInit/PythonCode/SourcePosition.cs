namespace TfInit.PythonCode;

/// <summary>A place in a Python snippet, 1-based, as Python's own error messages count.</summary>
/// <param name="Line">The line.</param>
/// <param name="Column">The column.</param>
internal readonly record struct SourcePosition(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}, column {Column}";
}
