namespace TfInit.Initializers;

/// <summary>How an <see cref="ArrayValue"/> appears in Keras JSON, as Keras's <c>serialize_keras_object</c> writes each kind of value.</summary>
public enum ArrayForm
{
    /// <summary>A Python list or tuple: a plain (nested) JSON list.</summary>
    List,

    /// <summary>A numpy array: <c>{"class_name": "__numpy__", "config": {"value": [...], "dtype": "..."}}</c>.</summary>
    NumPy,

    /// <summary>A backend tensor: <c>{"class_name": "__tensor__", "config": {"value": [...], "dtype": "..."}}</c>.</summary>
    Tensor,
}
