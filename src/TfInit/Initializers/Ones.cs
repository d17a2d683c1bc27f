using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>Keras <c>Ones</c> (aliases <c>ones</c>, <c>one</c>): every value is 1.</summary>
public sealed class Ones : Initializer, IRegisteredInitializer<Ones>
{
    /// <inheritdoc />
    public static string Formula => "1";

    /// <inheritdoc />
    public static int ListOrder => 20;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["one"];

    /// <inheritdoc />
    public static Ones FromConfig(ConfigReader config) => new();

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>();

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        destination.Fill(1.0);

    /// <inheritdoc />
    /// <remarks>Written directly: no double copy of the tensor.</remarks>
    protected override void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        destination.Fill(1f);

    /// <inheritdoc />
    public override bool FillsPartsAlone => true;

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset) =>
        destination.Fill(1.0);
}
