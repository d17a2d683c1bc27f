namespace TfInit.Shapes;

/// <summary>
/// Explicit input, output and batch axes for fan computation, as JAX's
/// <c>variance_scaling(in_axis=-2, out_axis=-1, batch_axis=())</c>.
/// </summary>
/// <param name="InAxis">The input axis; negative counts from the end.</param>
/// <param name="OutAxis">The output axis; negative counts from the end.</param>
/// <param name="BatchAxes">Axes left out of the receptive field (may be empty).</param>
public sealed record FanAxes(int InAxis = -2, int OutAxis = -1, params int[] BatchAxes)
{
    /// <summary>Computes the fans of <paramref name="shape"/> along these axes.</summary>
    /// <param name="shape">The weight shape.</param>
    /// <returns>The fans.</returns>
    public Fans Compute(ReadOnlySpan<int> shape) => Fans.Compute(shape, InAxis, OutAxis, BatchAxes);
}
