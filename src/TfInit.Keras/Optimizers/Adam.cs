using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Optimizers;

/// <summary>
/// Keras <c>Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)</c> (Kingma and Ba 2015), in
/// Keras's form: <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>,
/// <c>w -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)</c> (epsilon outside the bias correction,
/// unlike PyTorch).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Dictionary<int, (Tensor M, Tensor V)> _moments = [];

    /// <summary>Creates the optimizer with Keras's defaults.</summary>
    /// <param name="learningRate">Step size; default 0.001.</param>
    /// <param name="beta1">Decay of the first moment; in [0, 1).</param>
    /// <param name="beta2">Decay of the second moment; in [0, 1).</param>
    /// <param name="epsilon">Added to sqrt(v); &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument outside its range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7)
        : base(learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1).");
        }

        if (!(beta2 >= 0 && beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1).");
        }

        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite number > 0.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to sqrt(v).</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter, Tensor gradient)
    {
        if (!_moments.TryGetValue(index, out var state))
        {
            _moments[index] = state = (zeros_like(parameter).DetachFromDisposeScope(), zeros_like(parameter).DetachFromDisposeScope());
        }

        double t = Iterations;
        double alpha = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        // Scalars are held until the calls return: an implicit temporary has no reference left once its handle is
        // passed, so the GC may finalize it while libtorch reads it (seen as "Unknown scalar type" mid-training).
        using Scalar oneMinusBeta1 = 1 - Beta1, oneMinusBeta2 = 1 - Beta2, epsilon = Epsilon, minusAlpha = -alpha;
        state.M.add_(gradient.sub(state.M).mul_(oneMinusBeta1));
        state.V.add_(gradient.square().sub_(state.V).mul_(oneMinusBeta2));
        using var step = state.M.div(state.V.sqrt().add_(epsilon));
        parameter.add_(step, alpha: minusAlpha);
    }
}
