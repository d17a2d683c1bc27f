namespace TfInit.Checkpoints;

/// <summary>A tensor present in both the checkpoint and the model with different shapes.</summary>
/// <param name="Name">The qualified name.</param>
/// <param name="ModelShape">Its shape in the model.</param>
/// <param name="CheckpointShape">Its shape in the checkpoint.</param>
public sealed record ShapeMismatch(string Name, long[] ModelShape, long[] CheckpointShape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} is [{string.Join(", ", CheckpointShape)}] in the checkpoint, [{string.Join(", ", ModelShape)}] in the model";
}
