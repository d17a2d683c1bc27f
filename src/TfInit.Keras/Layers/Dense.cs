using TfInit.Initializers;
using TfInit.Random;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Layers;

/// <summary>
/// Keras <c>Dense(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
/// bias_initializer="zeros")</c>: <c>activation(x @ kernel + bias)</c>, the kernel stored in Keras layout [in, out].
/// </summary>
public sealed class Dense : Layer
{
    private readonly Func<Tensor, Tensor> _activation;
    private Parameter? _kernel;
    private Parameter? _bias;

    /// <summary>Creates the layer.</summary>
    /// <param name="units">Output size; positive.</param>
    /// <param name="activation">An activation name (<see cref="Activations.Names"/>); null or "linear" for none.</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">Default glorot_uniform, as in Keras.</param>
    /// <param name="biasInitializer">Default zeros.</param>
    /// <param name="name">The layer's name, or null.</param>
    /// <exception cref="ArgumentException">units &lt;= 0, an unknown activation or initializer.</exception>
    public Dense(int units, string? activation = null, bool useBias = true,
        InitializerRef? kernelInitializer = null, InitializerRef? biasInitializer = null, string? name = null)
        : base(name)
    {
        Units = Positive(units, nameof(units));
        Activation = activation ?? "linear";
        _activation = Activations.Get(Activation);
        UseBias = useBias;
        KernelInitializer = InitializerRef.Or(kernelInitializer, () => new GlorotUniform());
        BiasInitializer = InitializerRef.Or(biasInitializer, () => new Zeros());
    }

    /// <summary>Output size.</summary>
    public int Units { get; }

    /// <summary>The activation's name.</summary>
    public string Activation { get; }

    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }

    /// <summary>The kernel's initializer.</summary>
    public Initializer KernelInitializer { get; }

    /// <summary>The bias's initializer.</summary>
    public Initializer BiasInitializer { get; }

    /// <summary>The kernel, [in, out].</summary>
    public Parameter Kernel => _kernel ?? throw new InvalidOperationException($"Layer '{Name}' is not built.");

    /// <inheritdoc />
    internal override Parameter? RescalableKernel => Kernel;

    /// <inheritdoc />
    internal override string? OutputActivation => Activation;

    /// <inheritdoc />
    protected override long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream)
    {
        if (inputShape.Length == 0)
        {
            throw new ArgumentException($"Dense needs inputs with a feature axis; got input shape ().", nameof(inputShape));
        }

        _kernel = AddWeight("kernel", [inputShape[^1], Units], KernelInitializer, dtype, stream);
        _bias = UseBias ? AddWeight("bias", [Units], BiasInitializer, dtype, stream) : null;
        return [.. inputShape[..^1], Units];
    }

    /// <inheritdoc />
    protected override Tensor CallCore(Tensor input, bool training)
    {
        using var scope = NewDisposeScope();
        var z = input.matmul(_kernel!);
        if (_bias is not null)
        {
            z = z.add(_bias);
        }

        return _activation(z).MoveToOuterDisposeScope();
    }
}
