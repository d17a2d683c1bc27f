namespace TfInit.Keras.Datasets;

/// <summary>
/// The element type of an IDX file: the third byte of its magic number (00 00 type ndim).
/// Multi-byte types are stored big-endian in the file.
/// </summary>
public enum IdxDataType
{
    /// <summary>0x08: unsigned byte (<see cref="byte"/>); what MNIST images and labels use.</summary>
    Byte = 0x08,

    /// <summary>0x09: signed byte (<see cref="sbyte"/>).</summary>
    SByte = 0x09,

    /// <summary>0x0B: 16-bit signed integer (<see cref="short"/>).</summary>
    Int16 = 0x0B,

    /// <summary>0x0C: 32-bit signed integer (<see cref="int"/>).</summary>
    Int32 = 0x0C,

    /// <summary>0x0D: 32-bit IEEE float (<see cref="float"/>).</summary>
    Single = 0x0D,

    /// <summary>0x0E: 64-bit IEEE float (<see cref="double"/>).</summary>
    Double = 0x0E,
}
