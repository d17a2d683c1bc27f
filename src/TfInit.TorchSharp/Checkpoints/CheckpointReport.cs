namespace TfInit.TorchSharp.Checkpoints;

/// <summary>What loading a checkpoint into a model did, by qualified parameter and buffer name.</summary>
/// <param name="Loaded">Names whose values came from the checkpoint.</param>
/// <param name="Missing">Names of the model that the checkpoint lacks.</param>
/// <param name="Unexpected">Names in the checkpoint that the model lacks.</param>
/// <param name="ShapeMismatched">Names in both, with different shapes (not loaded).</param>
/// <param name="Initialized">In transfer mode, the model's tensors the policy filled instead (missing and mismatched ones); empty otherwise.</param>
public sealed record CheckpointReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> ShapeMismatched,
    IReadOnlyList<InitializedParameter> Initialized)
{
    /// <summary>Whether the checkpoint and the model have exactly the same names and shapes.</summary>
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatched.Count == 0;

    /// <summary>One line per kind, e.g. <c>loaded 8, missing 2 (fc.weight, fc.bias), unexpected 0, shape-mismatched 0</c>.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() =>
        $"loaded {Loaded.Count}, missing {List(Missing)}, unexpected {List(Unexpected)}, shape-mismatched {List(ShapeMismatched.Select(m => m.ToString()).ToList())}"
        + (Initialized.Count > 0 ? $", initialized by the policy {List(Initialized.Select(i => i.Name).ToList())}" : string.Empty);

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "0" : $"{names.Count} ({string.Join("; ", names)})";
}
