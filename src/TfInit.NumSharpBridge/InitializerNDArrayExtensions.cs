using NumSharp;
using TfInit.Initializers;
using TfInit.Random;

namespace TfInit.NumSharpBridge;

/// <summary>
/// Makes any TfInit <see cref="Initializer"/> produce a NumSharp <see cref="NDArray"/>: the values are those of
/// <see cref="Initializer.Generate(RandomStream?, int[])"/> (row-major, C order, computed in double), stored as
/// float64 or rounded once to float32 (numpy's <c>astype(np.float32)</c>).
/// </summary>
public static class InitializerNDArrayExtensions
{
    /// <summary>A float32 array of shape <paramref name="shape"/> from the initializer's own seeded stream.</summary>
    /// <param name="initializer">Any TfInit initializer.</param>
    /// <param name="shape">The array shape (Keras layout for kernels: [in, out], [kh, kw, in, out]).</param>
    /// <returns>A new float32 NDArray.</returns>
    public static NDArray ToNDArray(this Initializer initializer, params int[] shape) =>
        ToNDArray(initializer, shape, NPTypeCode.Single, null);

    /// <summary>An array of shape <paramref name="shape"/> and dtype <paramref name="dtype"/>.</summary>
    /// <param name="initializer">Any TfInit initializer.</param>
    /// <param name="shape">The array shape.</param>
    /// <param name="dtype"><see cref="NPTypeCode.Single"/> (float32) or <see cref="NPTypeCode.Double"/> (float64).</param>
    /// <param name="stream">Where random draws come from (e.g. a <see cref="NumPyRandomState"/> to reproduce
    /// <c>np.random.seed(s)</c>); null uses the initializer's own stream.</param>
    /// <returns>A new NDArray.</returns>
    /// <exception cref="ArgumentException">A dtype other than float32 or float64, or a shape the initializer rejects.</exception>
    public static NDArray ToNDArray(this Initializer initializer, int[] shape, NPTypeCode dtype, RandomStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(shape);
        switch (dtype)
        {
            case NPTypeCode.Double:
                return Wrap(np.array(initializer.Generate(stream, shape)), shape);
            case NPTypeCode.Single:
                return Wrap(np.array(initializer.GenerateSingle(stream, shape)), shape);
            default:
                throw new ArgumentException(
                    $"TfInit produces float32 or float64 arrays, not {dtype}.", nameof(dtype));
        }
    }

    /// <summary>An array of dtype <paramref name="dtype"/> (<c>typeof(float)</c> or <c>typeof(double)</c>, numpy's
    /// <c>np.float32</c> / <c>np.float64</c> in NumSharp).</summary>
    /// <param name="initializer">Any TfInit initializer.</param>
    /// <param name="shape">The array shape.</param>
    /// <param name="dtype"><c>typeof(float)</c> or <c>typeof(double)</c>.</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own stream.</param>
    /// <returns>A new NDArray.</returns>
    /// <exception cref="ArgumentException">A dtype other than float32 or float64.</exception>
    public static NDArray ToNDArray(this Initializer initializer, Shape shape, Type dtype, RandomStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        NPTypeCode code = dtype == typeof(float) ? NPTypeCode.Single
            : dtype == typeof(double) ? NPTypeCode.Double
            : throw new ArgumentException($"TfInit produces float32 or float64 arrays, not {dtype.Name}.", nameof(dtype));
        int[] dims = Array.ConvertAll(shape.Dimensions, d => d is < 0 or > int.MaxValue
            ? throw new ArgumentException($"Dimension {d} is out of range.", nameof(shape))
            : (int)d);
        return ToNDArray(initializer, dims, code, stream);
    }

    private static NDArray Wrap(NDArray flat, int[] shape) =>
        shape.Length == 0 ? flat.reshape(Array.Empty<int>()) : flat.reshape(shape);
}
