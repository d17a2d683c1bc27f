using System.Runtime.InteropServices;
using TfInit.Initializers;
using TfInit.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Filling;

/// <summary>
/// Writes the values of a TfInit core initializer into a TorchSharp tensor of any floating-point dtype, on any
/// device, under <c>no_grad</c>. The core computes on the CPU in row-major order (as numpy); the tensor then takes a
/// copy, so a CUDA tensor gets the same values as a CPU one.
/// </summary>
public static class TensorFill
{
    /// <summary>
    /// Fills <paramref name="tensor"/> as its own shape says (row-major over <c>tensor.shape</c>): for a PyTorch weight
    /// that is the <c>[out, in, ..spatial]</c> layout, so the initializer should read it that way
    /// (<see cref="Shapes.FanLayout.Torch"/>).
    /// </summary>
    /// <param name="tensor">A Float16, BFloat16, Float32 or Float64 tensor (a parameter, a buffer or a view of one).</param>
    /// <param name="initializer">Where the values come from.</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own seeded stream.</param>
    /// <returns><paramref name="tensor"/>, filled in place.</returns>
    /// <exception cref="ArgumentException">A non-floating-point tensor, or a shape the initializer refuses.</exception>
    public static Tensor Fill(Tensor tensor, Initializer initializer, RandomStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(initializer);
        using var noGrad = torch.no_grad();
        using var values = Values(initializer, Dimensions(tensor), tensor.dtype, stream);
        tensor.copy_(values);
        return tensor;
    }

    /// <summary>
    /// Fills a PyTorch-layout weight with the values a Keras initializer gives the matching Keras kernel: the values are
    /// computed for the Keras shape <c>[..spatial, in, out]</c> (a Linear's <c>[out, in]</c> becomes <c>[in, out]</c>) and
    /// moved into PyTorch's layout, so fans, orthogonality and identity mean what they mean in Keras. Tensors of rank
    /// below 2 are filled as they are.
    /// </summary>
    /// <param name="tensor">A Float16, BFloat16, Float32 or Float64 tensor in PyTorch's weight layout.</param>
    /// <param name="initializer">A Keras-layout initializer (e.g. GlorotUniform, Orthogonal).</param>
    /// <param name="stream">Where random draws come from; null uses the initializer's own seeded stream.</param>
    /// <returns><paramref name="tensor"/>, filled in place.</returns>
    /// <exception cref="ArgumentException">A non-floating-point tensor, or a shape the initializer refuses.</exception>
    public static Tensor FillKerasLayout(Tensor tensor, Initializer initializer, RandomStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(initializer);
        int[] torchShape = Dimensions(tensor);
        int rank = torchShape.Length;
        if (rank < 2)
        {
            return Fill(tensor, initializer, stream);
        }

        // PyTorch [a, b, k1..kn] is Keras [k1..kn, b, a].
        int[] kerasShape = [.. torchShape[2..], torchShape[1], torchShape[0]];
        long[] order = [rank - 1, rank - 2, .. Enumerable.Range(0, rank - 2).Select(i => (long)i)];
        using var noGrad = torch.no_grad();
        using var values = Values(initializer, kerasShape, tensor.dtype, stream);
        using var moved = values.permute(order);
        tensor.copy_(moved);
        return tensor;
    }

    /// <summary>The tensor's shape as the core takes it.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <returns>Its dimensions.</returns>
    /// <exception cref="ArgumentException">A dimension beyond what a .NET span can hold.</exception>
    internal static int[] Dimensions(Tensor tensor)
    {
        if (tensor.numel() > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The tensor of shape [{string.Join(", ", tensor.shape)}] has {tensor.numel()} elements; TfInit fills at most {Array.MaxLength} at once (fill slices of it).",
                nameof(tensor));
        }

        return tensor.shape.Select(d => (int)d).ToArray();
    }

    /// <summary>Whether TfInit can fill tensors of this dtype.</summary>
    /// <param name="dtype">The dtype.</param>
    /// <returns>True for Float16, BFloat16, Float32 and Float64.</returns>
    internal static bool IsSupported(ScalarType dtype) =>
        dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    private static Tensor RawBits<T>(T[] values, long[] dims, ScalarType dtype)
        where T : unmanaged
    {
        var result = torch.empty(dims, dtype);
        result.bytes = MemoryMarshal.AsBytes(values.AsSpan());
        return result;
    }

    private static Tensor Values(Initializer initializer, int[] shape, ScalarType dtype, RandomStream? stream)
    {
        long[] dims = shape.Select(d => (long)d).ToArray();
        switch (dtype)
        {
            case ScalarType.Float64:
                return torch.tensor(initializer.Generate(stream, shape), dims, ScalarType.Float64);
            case ScalarType.Float32:
                return torch.tensor(initializer.GenerateSingle(stream, shape), dims, ScalarType.Float32);
            case ScalarType.BFloat16:
                // The core's float32 values rounded to nearest even (c10::BFloat16's rounding), written as raw bits.
                return RawBits(initializer.GenerateBFloat16(stream, shape), dims, ScalarType.BFloat16);
            case ScalarType.Float16:
                // Rounded once from double by the core (numpy's astype(np.float16)), then written as raw bits.
                return RawBits(initializer.GenerateHalf(stream, shape), dims, ScalarType.Float16);
            default:
                throw new ArgumentException(
                    $"The tensor has dtype {dtype}; TfInit fills floating-point tensors only (Float16, BFloat16, Float32, Float64).",
                    "tensor");
        }
    }
}
