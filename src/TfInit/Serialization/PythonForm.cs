namespace TfInit.Serialization;

/// <summary>One Python form TfInit accepts as an initializer, for <c>tfinit list</c>.</summary>
/// <param name="Python">The call as written in Python, with its defaults (e.g. <c>tf.truncated_normal_initializer(mean=0.0, stddev=1.0, seed=None)</c>).</param>
/// <param name="Becomes">The TfInit class it becomes, and how (e.g. <c>TruncatedNormal(mean, stddev)</c>).</param>
/// <param name="Family">Keras 3 / tf.keras, TF 1.x, PyTorch, JAX or numpy.</param>
public sealed record PythonForm(string Python, string Becomes, string Family);
