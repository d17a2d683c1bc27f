using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>Identity(gain=1)</c> (aliases <c>identity</c>, <c>IdentityInitializer</c>): gain times the
/// identity matrix <c>eye(rows, cols)</c>; 2-D shapes only, rectangular allowed. The Keras spelling; PyTorch's
/// <c>nn.init.eye_</c> is <see cref="Eye"/>, this class with gain 1.
/// </summary>
public class Identity : Initializer, IRegisteredInitializer<Identity>
{
    private const double DefaultGain = 1.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplicative factor; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite gain.</exception>
    public Identity(double gain = DefaultGain)
    {
        Check.Finite(gain, nameof(gain));
        Gain = gain;
    }

    /// <summary>The multiplicative factor.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public static string Formula => "gain * eye(rows, cols); 2-D only";

    /// <inheritdoc />
    public static int ListOrder => 150;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["IdentityInitializer", "identity_initializer"];

    /// <inheritdoc />
    public static Identity FromConfig(ConfigReader config) =>
        new(config.Double("gain", DefaultGain));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["gain"] = Gain };

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream)
    {
        Check.Rank(shape, 2, 2, ClassName);
        destination.Clear();
        int cols = shape[1];
        for (int i = 0; i < Math.Min(shape[0], cols); i++)
        {
            destination[i * cols + i] = Gain;
        }
    }
}
