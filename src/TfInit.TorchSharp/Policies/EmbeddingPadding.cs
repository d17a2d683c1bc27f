using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Policies;

/// <summary>
/// Finds an Embedding's padding rows. TorchSharp 0.107 keeps padding_idx inside the native module and exposes no
/// getter, but libtorch's embedding backward gives the padding row a zero gradient whatever the weights are: the
/// rows whose gradient is zero when every index is looked up once are the padding rows. This reads the module's
/// behaviour, not the values, so it holds whatever the weights are (a model loaded or trained, or rows that happen to be zero).
/// With max_norm set, the probe's lookup renormalizes rows in place, as any forward pass does; the rows are refilled next.
/// </summary>
internal static class EmbeddingPadding
{
    /// <summary>The padding rows of <paramref name="embedding"/> (none, or the one padding_idx).</summary>
    /// <param name="embedding">The module.</param>
    /// <returns>The row indices.</returns>
    public static long[] Rows(Embedding embedding)
    {
        var weight = embedding.weight;
        if (weight is null || weight.shape[0] == 0)
        {
            return [];
        }

        using var scope = NewDisposeScope();
        using var enable = enable_grad();
        // autograd.grad leaves weight.grad alone; requires_grad is switched on for the probe only (a frozen embedding).
        bool requiresGrad = weight.requires_grad;
        weight.requires_grad_(true);
        try
        {
            var indices = arange(weight.shape[0], dtype: ScalarType.Int64, device: weight.device);
            var output = embedding.forward(indices);
            var grad = autograd.grad([output.sum()], [weight])[0];
            var dense = grad.is_sparse ? grad.to_dense() : grad;
            var zero = dense.abs().sum(1).eq(0);
            return zero.nonzero().flatten().cpu().data<long>().ToArray();
        }
        finally
        {
            weight.requires_grad_(requiresGrad);
        }
    }
}
