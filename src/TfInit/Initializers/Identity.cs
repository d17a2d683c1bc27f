using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>Identity(gain=1)</c> (aliases <c>identity</c>, <c>IdentityInitializer</c>): gain times the
/// identity matrix <c>eye(rows, cols)</c>; 2-D shapes only, rectangular allowed.
/// </summary>
public class Identity : Initializer
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplicative factor; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite gain.</exception>
    public Identity(double gain = 1.0)
    {
        Check.Finite(gain, nameof(gain));
        Gain = gain;
    }

    /// <summary>The multiplicative factor.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public override string ClassName => "Identity";

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
