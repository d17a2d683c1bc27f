using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>Keras <c>Zeros</c> (aliases <c>zeros</c>, <c>zero</c>): every value is 0.</summary>
public sealed class Zeros : Initializer
{
    /// <inheritdoc />
    public override string ClassName => "Zeros";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>();

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        destination.Clear();

    /// <inheritdoc />
    /// <remarks>Written directly: no double copy of the tensor.</remarks>
    protected override void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        destination.Clear();

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset) =>
        destination.Clear();
}
