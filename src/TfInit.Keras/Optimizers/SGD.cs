using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Optimizers;

/// <summary>
/// Keras <c>SGD(learning_rate=0.01, momentum=0.0, nesterov=False)</c>:
/// without momentum <c>w -= lr * g</c>; with it <c>v = momentum * v - lr * g</c>, then <c>w += v</c>, or
/// <c>w += momentum * v - lr * g</c> with Nesterov (Sutskever et al. 2013).
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly Dictionary<int, Tensor> _velocity = [];

    /// <summary>Creates the optimizer with Keras's defaults.</summary>
    /// <param name="learningRate">Step size; default 0.01.</param>
    /// <param name="momentum">In [0, 1); default 0.</param>
    /// <param name="nesterov">Whether to use Nesterov momentum.</param>
    /// <exception cref="ArgumentOutOfRangeException">A learning rate that is not positive, or momentum outside [0, 1).</exception>
    public SGD(double learningRate = 0.01, double momentum = 0.0, bool nesterov = false)
        : base(learningRate)
    {
        if (!(momentum >= 0 && momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must lie in [0, 1).");
        }

        Momentum = momentum;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(int index, Parameter parameter, Tensor gradient)
    {
        // Scalars are held until the calls return: an implicit temporary has no reference left once its handle is
        // passed, so the GC may finalize it while libtorch reads it (seen as "Unknown scalar type" mid-training).
        using Scalar step = -LearningRate;
        if (Momentum == 0)
        {
            parameter.add_(gradient, alpha: step);
            return;
        }

        using Scalar momentum = Momentum;

        if (!_velocity.TryGetValue(index, out var v))
        {
            _velocity[index] = v = zeros_like(parameter).DetachFromDisposeScope();
        }

        v.mul_(momentum).add_(gradient, alpha: step);
        if (Nesterov)
        {
            parameter.add_(v, alpha: momentum).add_(gradient, alpha: step);
        }
        else
        {
            parameter.add_(v);
        }
    }
}
