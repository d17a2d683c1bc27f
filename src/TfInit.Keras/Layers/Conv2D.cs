using TfInit.Initializers;
using TfInit.Random;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TfInit.Keras.Layers;

/// <summary>
/// Keras <c>Conv2D(filters, kernel_size, strides=(1, 1), padding="valid", activation=None, use_bias=True,
/// kernel_initializer="glorot_uniform", bias_initializer="zeros")</c> on channels-last inputs [H, W, C], with
/// Keras's kernel layout [kh, kw, in, out]. "same" padding pads as TensorFlow does (the odd pixel at the
/// bottom and right).
/// </summary>
public sealed class Conv2D : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Parameter? _kernel;
    private Parameter? _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="filters">Output channels; positive.</param>
    /// <param name="kernelSize">(height, width); positive.</param>
    /// <param name="strides">(height, width); positive; default (1, 1).</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="activation">An activation name, or null for none.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Default glorot_uniform.</param>
    /// <param name="biasInitializer">Default zeros.</param>
    /// <param name="name">The layer's name, or null.</param>
    /// <exception cref="ArgumentException">A non-positive size, an unknown padding, activation or initializer.</exception>
    public Conv2D(int filters, (int Height, int Width) kernelSize, (int Height, int Width)? strides = null, string padding = "valid",
        string? activation = null, bool useBias = true, InitializerRef? kernelInitializer = null, InitializerRef? biasInitializer = null,
        string? name = null)
        : base(name)
    {
        Filters = Positive(filters, nameof(filters));
        KernelSize = (Positive(kernelSize.Height, nameof(kernelSize)), Positive(kernelSize.Width, nameof(kernelSize)));
        var s = strides ?? (1, 1);
        Strides = (Positive(s.Height, nameof(strides)), Positive(s.Width, nameof(strides)));
        Padding = padding is "valid" or "same"
            ? padding
            : throw new ArgumentException($"Unknown padding '{padding}'; allowed: valid, same.", nameof(padding));
        Activation = activation ?? "linear";
        _activation = Activations.Get(Activation);
        UseBias = useBias;
        KernelInitializer = InitializerRef.Or(kernelInitializer, () => new GlorotUniform());
        BiasInitializer = InitializerRef.Or(biasInitializer, () => new Zeros());
    }

    /// <summary>Output channels.</summary>
    public int Filters { get; }

    /// <summary>Kernel height and width.</summary>
    public (int Height, int Width) KernelSize { get; }

    /// <summary>Stride along height and width.</summary>
    public (int Height, int Width) Strides { get; }

    /// <summary>"valid" or "same".</summary>
    public string Padding { get; }

    /// <summary>The activation's name.</summary>
    public string Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel's initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The bias's initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The kernel, [kh, kw, in, out].</summary>
    public Parameter Kernel => _kernel ?? throw new InvalidOperationException($"Layer '{Name}' is not built.");

    /// <inheritdoc />
    internal override Parameter? RescalableKernel => Kernel;

    /// <inheritdoc />
    internal override string? OutputActivation => Activation;

    /// <inheritdoc />
    protected override long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream)
    {
        if (inputShape.Length != 3)
        {
            throw new ArgumentException(
                $"Conv2D needs inputs of shape (height, width, channels); got ({string.Join(", ", inputShape)}).", nameof(inputShape));
        }

        long height = OutputSize(inputShape[0], KernelSize.Height, Strides.Height);
        long width = OutputSize(inputShape[1], KernelSize.Width, Strides.Width);
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentException(
                $"A {KernelSize.Height}x{KernelSize.Width} kernel with valid padding does not fit inputs of {inputShape[0]}x{inputShape[1]}.",
                nameof(inputShape));
        }

        _kernel = AddWeight("kernel", [KernelSize.Height, KernelSize.Width, inputShape[2], Filters], KernelInitializer, dtype, stream);
        _bias = UseBias ? AddWeight("bias", [Filters], BiasInitializer, dtype, stream) : null;
        return [height, width, Filters];
    }

    /// <inheritdoc />
    protected override Tensor CallCore(Tensor input, bool training)
    {
        using var scope = NewDisposeScope();
        var x = input.permute(0, 3, 1, 2);
        if (Padding == "same")
        {
            var (top, bottom) = SamePadding(input.shape[1], KernelSize.Height, Strides.Height);
            var (left, right) = SamePadding(input.shape[2], KernelSize.Width, Strides.Width);
            x = F.pad(x, [left, right, top, bottom]);
        }

        var y = F.conv2d(x, _kernel!.permute(3, 2, 0, 1), _bias, strides: [Strides.Height, Strides.Width]);
        return _activation(y.permute(0, 2, 3, 1)).MoveToOuterDisposeScope();
    }

    private static (long Before, long After) SamePadding(long size, int kernel, int stride)
    {
        long output = (size + stride - 1) / stride;
        long total = Math.Max((output - 1) * stride + kernel - size, 0);
        return (total / 2, total - (total / 2));
    }

    private long OutputSize(long size, int kernel, int stride) =>
        Padding == "same" ? (size + stride - 1) / stride : size < kernel ? 0 : ((size - kernel) / stride) + 1;
}
