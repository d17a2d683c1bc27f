using TfInit.Initializers;
using TfInit.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Layers;

/// <summary>
/// Keras <c>BatchNormalization(axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
/// beta_initializer="zeros", gamma_initializer="ones", moving_mean_initializer="zeros",
/// moving_variance_initializer="ones")</c> (Ioffe and Szegedy 2015):
/// <c>y = gamma * (x - mean) / sqrt(var + epsilon) + beta</c>, with the batch's mean and (biased) variance in
/// training and the moving ones at inference; in training the moving statistics become
/// <c>moving * momentum + batch * (1 - momentum)</c>.
/// </summary>
public sealed class BatchNormalization : Layer
{
    private Parameter? _gamma;
    private Parameter? _beta;
    private Parameter? _movingMean;
    private Parameter? _movingVariance;
    private long[] _reduce = [];
    private long[] _broadcast = [];

    /// <summary>Creates the layer with Keras's defaults.</summary>
    /// <param name="axis">The feature axis (counting the batch axis as 0; negative from the end).</param>
    /// <param name="momentum">Weight of the old moving statistics; in [0, 1].</param>
    /// <param name="epsilon">Added to the variance; finite and &gt; 0.</param>
    /// <param name="center">Whether to add beta.</param>
    /// <param name="scale">Whether to multiply by gamma.</param>
    /// <param name="betaInitializer">Default zeros.</param>
    /// <param name="gammaInitializer">Default ones.</param>
    /// <param name="movingMeanInitializer">Default zeros.</param>
    /// <param name="movingVarianceInitializer">Default ones.</param>
    /// <param name="name">The layer's name, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">momentum outside [0, 1] or epsilon not positive.</exception>
    public BatchNormalization(int axis = -1, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
        InitializerRef? betaInitializer = null, InitializerRef? gammaInitializer = null,
        InitializerRef? movingMeanInitializer = null, InitializerRef? movingVarianceInitializer = null, string? name = null)
        : base(name)
    {
        if (!(momentum >= 0 && momentum <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must lie in [0, 1].");
        }

        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite number > 0.");
        }

        Axis = axis;
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        BetaInitializer = InitializerRef.Or(betaInitializer, () => new Zeros());
        GammaInitializer = InitializerRef.Or(gammaInitializer, () => new Ones());
        MovingMeanInitializer = InitializerRef.Or(movingMeanInitializer, () => new Zeros());
        MovingVarianceInitializer = InitializerRef.Or(movingVarianceInitializer, () => new Ones());
    }

    /// <summary>The feature axis.</summary>
    public int Axis { get; }

    /// <summary>Weight of the old moving statistics.</summary>
    public double Momentum { get; }

    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }

    /// <summary>Whether beta is added.</summary>
    public bool Center { get; }

    /// <summary>Whether gamma multiplies.</summary>
    public bool Scale { get; }

    /// <summary>
    /// True to normalize with the batch's statistics even outside training, as TensorFlow 1's
    /// <c>tf.contrib.layers.batch_norm(..., is_training=True)</c> does in the tutorial.
    /// </summary>
    public bool AlwaysUseBatchStatistics { get; init; }

    /// <summary>beta's initializer.</summary>
    public Initializer BetaInitializer { get; }

    /// <summary>gamma's initializer.</summary>
    public Initializer GammaInitializer { get; }

    /// <summary>The moving mean's initializer.</summary>
    public Initializer MovingMeanInitializer { get; }

    /// <summary>The moving variance's initializer.</summary>
    public Initializer MovingVarianceInitializer { get; }

    /// <summary>
    /// TensorFlow 1's <c>tf.contrib.layers.batch_norm(inputs, decay=0.999, center=True, scale=False,
    /// epsilon=0.001, is_training=True)</c>: batch statistics on every call. The tutorial passes
    /// <c>center=True, scale=True</c>.
    /// </summary>
    /// <param name="center">Whether to add beta (contrib default true).</param>
    /// <param name="scale">Whether to multiply by gamma (contrib default false).</param>
    /// <param name="decay">The moving average's decay (contrib default 0.999).</param>
    /// <param name="epsilon">Added to the variance (contrib default 0.001).</param>
    /// <returns>The layer.</returns>
    public static BatchNormalization TfContrib(bool center = true, bool scale = false, double decay = 0.999, double epsilon = 0.001) =>
        new(momentum: decay, epsilon: epsilon, center: center, scale: scale) { AlwaysUseBatchStatistics = true };

    /// <inheritdoc />
    protected override long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream)
    {
        int rank = inputShape.Length + 1;
        int axis = Axis < 0 ? Axis + rank : Axis;
        if (axis < 1 || axis >= rank)
        {
            throw new ArgumentException(
                $"axis {Axis} is not a feature axis of inputs with shape (None, {string.Join(", ", inputShape)}); allowed: 1 to {rank - 1} or -1 to {1 - rank}.",
                nameof(inputShape));
        }

        long features = inputShape[axis - 1];
        _reduce = Enumerable.Range(0, rank).Where(d => d != axis).Select(d => (long)d).ToArray();
        _broadcast = Enumerable.Range(0, rank).Select(d => d == axis ? features : 1L).ToArray();
        _gamma = Scale ? AddWeight("gamma", [features], GammaInitializer, dtype, stream) : null;
        _beta = Center ? AddWeight("beta", [features], BetaInitializer, dtype, stream) : null;
        _movingMean = AddWeight("moving_mean", [features], MovingMeanInitializer, dtype, stream, trainable: false);
        _movingVariance = AddWeight("moving_variance", [features], MovingVarianceInitializer, dtype, stream, trainable: false);
        return inputShape;
    }

    /// <inheritdoc />
    protected override Tensor CallCore(Tensor input, bool training)
    {
        using var scope = NewDisposeScope();
        Tensor mean;
        Tensor variance;
        if (training || AlwaysUseBatchStatistics)
        {
            mean = input.mean(_reduce);
            variance = input.var(_reduce, unbiased: false);
            if (training)
            {
                using var noGrad = torch.no_grad();
                // Scalars held until the calls return (an implicit temporary may be finalized while libtorch reads it).
                using Scalar momentum = Momentum, rest = 1 - Momentum;
                _movingMean!.mul_(momentum).add_(mean.detach(), alpha: rest);
                _movingVariance!.mul_(momentum).add_(variance.detach(), alpha: rest);
            }
        }
        else
        {
            mean = _movingMean!;
            variance = _movingVariance!;
        }

        // Scalar held until the call returns (an implicit temporary may be finalized while libtorch reads it).
        using Scalar epsilon = Epsilon;
        var y = input.sub(mean.reshape(_broadcast)).div(variance.add(epsilon).sqrt().reshape(_broadcast));
        if (_gamma is not null)
        {
            y = y.mul(_gamma.reshape(_broadcast));
        }

        if (_beta is not null)
        {
            y = y.add(_beta.reshape(_broadcast));
        }

        return y.MoveToOuterDisposeScope();
    }
}
