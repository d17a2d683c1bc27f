namespace TfInit.Shapes;

/// <summary>How a weight shape names its input and output dimensions.</summary>
public enum FanLayout
{
    /// <summary>Keras / TensorFlow / JAX: <c>[in, out]</c> for dense kernels, <c>[..spatial, in, out]</c> for conv kernels.</summary>
    Keras,

    /// <summary>PyTorch: <c>[out, in]</c> for linear weights, <c>[out, in, ..spatial]</c> for conv weights.</summary>
    Torch,
}
