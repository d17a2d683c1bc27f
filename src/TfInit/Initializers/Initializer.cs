using System.Buffers;
using System.Runtime.InteropServices;
using TfInit.Numerics;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Base of every initializer: fills a row-major (C order) buffer of a given shape. The core knows no
/// tensor library; any engine can take the filled span. A class that also implements
/// <see cref="IRegisteredInitializer{TSelf}"/> is known by name (Keras JSON, <c>tfinit list</c>).
/// </summary>
public abstract partial class Initializer
{
    /// <summary>The class name written in Keras JSON (<c>class_name</c>), e.g. <c>GlorotUniform</c>: the C# class's name, as Keras's is the Python class's.</summary>
    public string ClassName => GetType().Name;

    /// <summary>The module written in Keras 3 JSON: <c>keras.initializers</c> for Keras's own classes.</summary>
    public virtual string Module => "keras.initializers";

    /// <summary>The constructor arguments, in Keras's order and with Keras's keys (<c>get_config</c>).</summary>
    /// <returns>Keys mapped to <see cref="double"/>, <see cref="long"/>, <see cref="string"/>, <see cref="bool"/>, <c>int[]</c> or null.</returns>
    public abstract IReadOnlyDictionary<string, object?> GetConfig();

    /// <summary>
    /// Keras's <c>clone_initializer</c> with changes: a new instance of this class made by its
    /// <see cref="IRegisteredInitializer{TSelf}.FromConfig"/> from <see cref="GetConfig"/> with <paramref name="changes"/> applied.
    /// </summary>
    /// <param name="changes">Config keys and their new values (as <see cref="GetConfig"/> types them); empty for a plain copy.</param>
    /// <returns>The new initializer.</returns>
    /// <exception cref="ArgumentException">A key the class does not take, a bad value, or a class that is not registered.</exception>
    public Initializer WithConfig(IReadOnlyDictionary<string, object?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var config = new Dictionary<string, object?>(GetConfig(), StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            config[key] = value;
        }

        return InitializerType.Of(this).FromConfig(config);
    }

    /// <summary>Fills <paramref name="destination"/> with the values of a tensor of shape <paramref name="shape"/>.</summary>
    /// <param name="destination">Row-major storage; its length must equal the element count of the shape.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own seeded stream (same values on every call).</param>
    /// <exception cref="ArgumentException">An invalid shape, a destination of the wrong length, or a shape this initializer does not support.</exception>
    public void Fill(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream = null)
    {
        CheckLength(destination.Length, shape);
        if (destination.IsEmpty)
        {
            FillEmpty(shape);
            return;
        }

        FillCore(destination, shape, stream);
        FiniteValues.Check<double>(this, destination);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> as <see cref="Fill(Span{double}, ReadOnlySpan{int}, RandomStream?)"/>
    /// does, computing in double and rounding each value to the nearest float at the end (numpy's <c>astype(np.float32)</c>).
    /// An element-wise random initializer on the Philox stream draws from the stream's float layout instead (24-bit
    /// uniforms, single-precision Box-Muller, as torch's and numpy's float32 generators; see <see cref="PhiloxStream"/>),
    /// then applies its own arithmetic in double and rounds: its values are not the double fill's rounded.
    /// </summary>
    /// <param name="destination">Row-major storage; its length must equal the element count of the shape.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own seeded stream.</param>
    /// <exception cref="ArgumentException">An invalid shape, a destination of the wrong length, or a shape this initializer does not support.</exception>
    public void Fill(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream = null)
    {
        CheckLength(destination.Length, shape);
        if (destination.IsEmpty)
        {
            FillEmpty(shape);
            return;
        }

        FillCore(destination, shape, stream);
        FiniteValues.Check<float>(this, destination);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> as <see cref="Fill(Span{double}, ReadOnlySpan{int}, RandomStream?)"/>
    /// does, rounding each value to the nearest half-precision float at the end (numpy's <c>astype(np.float16)</c>:
    /// rounded once from the double, not through float32).
    /// </summary>
    /// <param name="destination">Row-major storage; its length must equal the element count of the shape.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own seeded stream.</param>
    /// <exception cref="ArgumentException">An invalid shape, a destination of the wrong length, a shape this initializer does not support, or a value beyond Half's range (65504).</exception>
    public void Fill(Span<Half> destination, ReadOnlySpan<int> shape, RandomStream? stream = null)
    {
        CheckLength(destination.Length, shape);
        if (destination.IsEmpty)
        {
            FillEmpty(shape);
            return;
        }

        FillCore(destination, shape, stream);
        FiniteValues.Check<Half>(this, destination);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with bfloat16 values: the float32 fill
    /// (<see cref="Fill(Span{float}, ReadOnlySpan{int}, RandomStream?)"/>) with each value rounded to the nearest
    /// bfloat16, ties to even, as PyTorch rounds a float32 tensor cast to <c>torch.bfloat16</c> and draws a bfloat16
    /// tensor's values (in float32, then rounded once).
    /// </summary>
    /// <param name="destination">Row-major storage; its length must equal the element count of the shape.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own seeded stream.</param>
    /// <exception cref="ArgumentException">An invalid shape, a destination of the wrong length, a shape this initializer does not support, or a parameter that makes values beyond bfloat16's range (3.3895314e38).</exception>
    public void Fill(Span<BFloat16> destination, ReadOnlySpan<int> shape, RandomStream? stream = null)
    {
        CheckLength(destination.Length, shape);
        if (destination.IsEmpty)
        {
            FillEmpty(shape);
            return;
        }

        FillCore(destination, shape, stream);
        FiniteValues.Check(this, destination);
    }

    /// <summary>
    /// Called instead of FillCore for a shape with a zero dimension: there is nothing to write, but the shape is still
    /// checked as the references check it (Keras and PyTorch return an empty tensor where the rank is one they take, and
    /// refuse the rank otherwise). The default runs FillCore on the empty span, so every rank check of the class applies;
    /// an initializer whose arithmetic divides by a dimension overrides it.
    /// </summary>
    /// <param name="shape">The validated shape, with at least one zero dimension.</param>
    protected virtual void FillEmpty(ReadOnlySpan<int> shape) => FillCore(Span<double>.Empty, shape, null);

    /// <summary>
    /// Writes the tensor as floats; <paramref name="destination"/> has been checked against <paramref name="shape"/>.
    /// The default computes the whole tensor in double and rounds each value; an override must give the same floats.
    /// </summary>
    /// <param name="destination">Row-major storage of the whole tensor.</param>
    /// <param name="shape">The validated shape.</param>
    /// <param name="stream">The caller's stream, or null for the initializer's own.</param>
    protected virtual void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillThroughDoubles(destination, shape, stream);

    /// <summary>
    /// Writes the tensor as half-precision floats; <paramref name="destination"/> has been checked against
    /// <paramref name="shape"/>. The default computes the whole tensor in double and rounds each value; an override
    /// must give the same values.
    /// </summary>
    /// <param name="destination">Row-major storage of the whole tensor.</param>
    /// <param name="shape">The validated shape.</param>
    /// <param name="stream">The caller's stream, or null for the initializer's own.</param>
    protected virtual void FillCore(Span<Half> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillThroughDoubles(destination, shape, stream);

    /// <summary>
    /// Writes the tensor as bfloat16; <paramref name="destination"/> has been checked against <paramref name="shape"/>.
    /// The default computes the whole tensor in double and rounds each value to float32, then to bfloat16; an override
    /// must give the same values.
    /// </summary>
    /// <param name="destination">Row-major storage of the whole tensor.</param>
    /// <param name="shape">The validated shape.</param>
    /// <param name="stream">The caller's stream, or null for the initializer's own.</param>
    protected virtual void FillCore(Span<BFloat16> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillThroughDoubles(destination, shape, stream);

    /// <summary>
    /// Rounds each double to the nearest <typeparamref name="T"/>, ties to even: float and Half as numpy's astype (once
    /// from the double), bfloat16 from the nearest float32 (as PyTorch and Keras round a bfloat16 tensor's float32 values).
    /// </summary>
    /// <typeparam name="T"><see cref="float"/>, <see cref="Half"/> or <see cref="BFloat16"/>.</typeparam>
    /// <param name="values">The doubles.</param>
    /// <param name="destination">Where the rounded values go; as long as <paramref name="values"/>.</param>
    /// <exception cref="ArgumentException">A finite value too large for Half.</exception>
    private protected static void Round<T>(ReadOnlySpan<double> values, Span<T> destination)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Elementwise.Narrow(values, MemoryMarshal.Cast<T, float>(destination));
            return;
        }

        if (typeof(T) == typeof(BFloat16))
        {
            // bfloat16 keeps float32's exponent range: an overflow is an infinity here, refused by FiniteValues with the parameter's name.
            var brains = MemoryMarshal.Cast<T, BFloat16>(destination);
            for (int i = 0; i < values.Length; i++)
            {
                brains[i] = (BFloat16)values[i];
            }

            return;
        }

        // One rounding from double: going through float first would round twice and miss the nearest Half.
        var halves = MemoryMarshal.Cast<T, Half>(destination);
        for (int i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
            if (Half.IsInfinity(halves[i]) && double.IsFinite(values[i]))
            {
                // float's range holds every sensible weight; Half's (65504) does not, so overflow is refused, not turned into infinity.
                throw new ArgumentException(
                    $"The value {values[i]:R} at index {i} is beyond the range of Half (float16, largest finite value 65504); fill a float or double tensor instead.",
                    nameof(destination));
            }
        }
    }

    /// <summary>The default narrow fill: the whole tensor in double (pooled), then <see cref="Round{T}"/>.</summary>
    private protected void FillThroughDoubles<T>(Span<T> destination, ReadOnlySpan<int> shape, RandomStream? stream)
        where T : unmanaged
    {
        double[] buffer = ArrayPool<double>.Shared.Rent(destination.Length);
        try
        {
            var values = buffer.AsSpan(0, destination.Length);
            FillCore(values, shape, stream);
            Round<T>(values, destination);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether the values follow from the numeric parameters alone, so that parameters within 1e30 cannot overflow
    /// float32; false for values read from a file or computed by user code, which every fill checks for Inf and NaN.
    /// </summary>
    protected internal virtual bool ValuesBoundedByParameters => true;

    /// <summary>
    /// Whether the user asked for Inf and NaN to be written as they are (Pretrained's <c>allow_non_finite</c>): then no
    /// fill refuses them. False for every initializer whose values are computed.
    /// </summary>
    protected internal virtual bool AllowsNonFiniteValues => false;

    /// <summary>Returns a new row-major array of doubles of shape <paramref name="shape"/>.</summary>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public double[] Generate(params int[] shape) => Generate(null, shape);

    /// <summary>Returns a new row-major array of doubles of shape <paramref name="shape"/>, drawing from <paramref name="stream"/>.</summary>
    /// <param name="stream">Where random draws come from (e.g. a <see cref="NumPyRandomState"/> shared with other calls); null uses the initializer's own stream.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public double[] Generate(RandomStream? stream, params int[] shape)
    {
        var values = new double[Shape.ElementCount(shape)];
        Fill(values, shape, stream);
        return values;
    }

    /// <summary>Returns a new row-major array of floats of shape <paramref name="shape"/>.</summary>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public float[] GenerateSingle(params int[] shape) => GenerateSingle(null, shape);

    /// <summary>Returns a new row-major array of floats of shape <paramref name="shape"/>, drawing from <paramref name="stream"/>.</summary>
    /// <param name="stream">Where random draws come from; null uses the initializer's own stream.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public float[] GenerateSingle(RandomStream? stream, params int[] shape)
    {
        var values = new float[Shape.ElementCount(shape)];
        Fill(values, shape, stream);
        return values;
    }

    /// <summary>Returns a new row-major array of half-precision floats of shape <paramref name="shape"/>.</summary>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public Half[] GenerateHalf(params int[] shape) => GenerateHalf(null, shape);

    /// <summary>Returns a new row-major array of half-precision floats of shape <paramref name="shape"/>, drawing from <paramref name="stream"/>.</summary>
    /// <param name="stream">Where random draws come from; null uses the initializer's own stream.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public Half[] GenerateHalf(RandomStream? stream, params int[] shape)
    {
        var values = new Half[Shape.ElementCount(shape)];
        Fill(values, shape, stream);
        return values;
    }

    /// <summary>Returns a new row-major array of bfloat16 values of shape <paramref name="shape"/>.</summary>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public BFloat16[] GenerateBFloat16(params int[] shape) => GenerateBFloat16(null, shape);

    /// <summary>
    /// Returns a new row-major array of bfloat16 values of shape <paramref name="shape"/>, drawing from
    /// <paramref name="stream"/>: <see cref="GenerateSingle(RandomStream?, int[])"/>'s floats, each rounded to nearest even.
    /// </summary>
    /// <param name="stream">Where random draws come from; null uses the initializer's own stream.</param>
    /// <param name="shape">The tensor shape.</param>
    /// <returns>The values.</returns>
    public BFloat16[] GenerateBFloat16(RandomStream? stream, params int[] shape)
    {
        var values = new BFloat16[Shape.ElementCount(shape)];
        Fill(values, shape, stream);
        return values;
    }

    /// <summary>The config as Keras 3 JSON (<c>module</c>, <c>class_name</c>, <c>config</c>, <c>registered_name</c>).</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() => KerasConfigJson.Serialize(this);

    /// <summary>Writes the tensor; <paramref name="destination"/> has been checked against <paramref name="shape"/>.</summary>
    /// <param name="destination">Row-major storage of the whole tensor.</param>
    /// <param name="shape">The validated shape.</param>
    /// <param name="stream">The caller's stream, or null for the initializer's own.</param>
    protected abstract void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream);

    private static void CheckLength(int length, ReadOnlySpan<int> shape)
    {
        int count = Shape.ElementCount(shape);
        if (length != count)
        {
            throw new ArgumentException(
                $"The destination holds {length} elements but shape {Shape.Format(shape)} has {count}.", "destination");
        }
    }
}
