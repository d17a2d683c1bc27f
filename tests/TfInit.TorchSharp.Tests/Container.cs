using static TorchSharp.torch;

namespace TfInit.TorchSharp.Tests;

/// <summary>A module holding named children, as PyTorch's nn.ModuleDict (TorchSharp's ModuleDict registers none of them as submodules).</summary>
internal sealed class Container : nn.Module
{
    public Container(params (string Name, nn.Module Module)[] children)
        : base(nameof(Container))
    {
        foreach (var (name, module) in children)
        {
            register_module(name, module);
        }
    }
}
