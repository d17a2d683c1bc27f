using TorchSharp.Modules;

namespace TfInit.Keras.Optimizers;

/// <summary>Base of the Keras optimizers: updates parameters from their gradients, one step per batch.</summary>
public abstract class Optimizer
{
    /// <summary>Checks and stores the learning rate.</summary>
    /// <param name="learningRate">Finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A learning rate that is not positive and finite.</exception>
    protected Optimizer(double learningRate)
    {
        if (!(learningRate > 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learningRate must be a finite number > 0.");
        }

        LearningRate = learningRate;
    }

    /// <summary>The step size.</summary>
    public double LearningRate { get; }

    /// <summary>The number of steps taken so far.</summary>
    public long Iterations { get; private set; }

    /// <summary>Updates every parameter that has a gradient, then counts the step.</summary>
    /// <param name="parameters">The trainable parameters, in a fixed order (state is kept per position).</param>
    public void Step(IReadOnlyList<Parameter> parameters)
    {
        Iterations++;
        using var noGrad = TorchSharp.torch.no_grad();
        using var scope = TorchSharp.torch.NewDisposeScope();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].grad is { } grad)
            {
                Update(i, parameters[i], grad);
            }
        }
    }

    /// <summary>Updates one parameter in place; runs without autograd.</summary>
    /// <param name="index">The parameter's position, to find its state.</param>
    /// <param name="parameter">The parameter.</param>
    /// <param name="gradient">Its gradient.</param>
    protected abstract void Update(int index, Parameter parameter, TorchSharp.torch.Tensor gradient);
}
