using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>Keras <c>Zeros</c> (aliases <c>zeros</c>, <c>zero</c>): every value is 0.</summary>
public sealed class Zeros : Initializer, IRegisteredInitializer<Zeros>
{
    /// <inheritdoc />
    public static string Formula => "0";

    /// <inheritdoc />
    public static int ListOrder => 10;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["zero"];

    /// <inheritdoc />
    public static Zeros FromConfig(ConfigReader config) => new();

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
    public override bool FillsPartsAlone => true;

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset) =>
        destination.Clear();
}
