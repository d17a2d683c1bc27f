namespace TfInit.Checkpoints;

/// <summary>
/// What loading pretrained weights into a model did, by qualified weight name (TfInit.TorchSharp's PyTorch checkpoints,
/// TfInit.Keras's .npz archives). Names and shapes only: the core knows no tensor library.
/// </summary>
/// <param name="Loaded">Names whose values came from the checkpoint.</param>
/// <param name="Missing">Names of the model that the checkpoint lacks.</param>
/// <param name="Unexpected">Names in the checkpoint that the model lacks.</param>
/// <param name="ShapeMismatched">Names in both, with different shapes (not loaded).</param>
/// <param name="Initialized">In transfer mode, the names of the model's weights that were initialized instead of loaded (the missing and mismatched ones); empty otherwise.</param>
public sealed record CheckpointReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> ShapeMismatched,
    IReadOnlyList<string> Initialized)
{
    /// <summary>Whether the checkpoint and the model have exactly the same names and shapes.</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatched.Count == 0;

    /// <summary>The differences on one line, for an error: <c>missing in the checkpoint: a, b; not in the model: c; shapes differ: ...</c>.</summary>
    /// <returns>The text; empty when <see cref="IsExact"/>.</returns>
    public string Differences()
    {
        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"missing in the checkpoint: {string.Join(", ", Missing)}");
        }

        if (Unexpected.Count > 0)
        {
            parts.Add($"not in the model: {string.Join(", ", Unexpected)}");
        }

        if (ShapeMismatched.Count > 0)
        {
            parts.Add($"shapes differ: {string.Join("; ", ShapeMismatched)}");
        }

        return string.Join("; ", parts);
    }

    /// <summary>One line per kind, e.g. <c>loaded 8, missing 2 (fc.weight, fc.bias), unexpected 0, shape-mismatched 0</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"loaded {Loaded.Count}, missing {List(Missing)}, unexpected {List(Unexpected)}, shape-mismatched {List(ShapeMismatched.Select(m => m.ToString()).ToList())}"
        + (Initialized.Count > 0 ? $", initialized {List(Initialized)}" : string.Empty);

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "0" : $"{names.Count} ({string.Join("; ", names)})";
}
