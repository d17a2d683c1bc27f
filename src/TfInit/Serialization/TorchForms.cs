using TfInit.Initializers;
using TfInit.PythonCode;
using TfInit.Shapes;

namespace TfInit.Serialization;

/// <summary>
/// PyTorch's <c>torch.nn.init.*_(tensor, ...)</c> (PyTorch 1.13 signatures; <c>nn.init.</c> after <c>import torch.nn as nn</c>,
/// <c>init.</c> after <c>from torch.nn import init</c>). The first argument is the tensor, named only: its shape comes from
/// the caller. Fan-reading forms get PyTorch's layout [out, in, ...]. <c>calculate_gain</c> gives a number.
/// </summary>
internal static class TorchForms
{
    private const string Module = "torch.nn.init.";

    /// <summary>Adds the forms.</summary>
    public static void Register(FunctionTable table, List<PythonForm> forms)
    {
        var torch = new PythonFormBuilder(table, forms, "PyTorch");
        torch.Add([Module + "calculate_gain"], ["nonlinearity", "param=None"], "a number (the gain)",
            a => Gain.Calculate(a.String("nonlinearity", "") is { Length: > 0 } n ? n : throw a.Invalid("nonlinearity", a.Value("nonlinearity"), string.Join(", ", Gain.Nonlinearities)), a.OptionalDouble("param", null)));
        torch.Add([Module + "uniform_"], ["tensor", "a=0.0", "b=1.0", "generator=None"], "RandomUniform(minval=a, maxval=b)",
            a => Checked(a, new RandomUniform(a.Double("a", 0.0), a.Double("b", 1.0))));
        torch.Add([Module + "normal_"], ["tensor", "mean=0.0", "std=1.0", "generator=None"], "RandomNormal(mean, stddev=std)",
            a => Checked(a, new RandomNormal(a.Double("mean", 0.0), a.Double("std", 1.0))));
        torch.Add([Module + "trunc_normal_"], ["tensor", "mean=0.0", "std=1.0", "a=-2.0", "b=2.0", "generator=None"], "TruncNormal(mean, std, a, b): absolute cut-offs",
            a => Checked(a, new TruncNormal(a.Double("mean", 0.0), a.Double("std", 1.0), a.Double("a", -2.0), a.Double("b", 2.0))));
        torch.Add([Module + "constant_"], ["tensor", "val"], "Constant(value=val)", a => Checked(a, new Constant(a.RequiredDouble("val"))));
        torch.Add([Module + "ones_"], ["tensor"], "Ones()", a => Checked(a, new Ones()));
        torch.Add([Module + "zeros_"], ["tensor"], "Zeros()", a => Checked(a, new Zeros()));
        torch.Add([Module + "eye_"], ["tensor"], "Eye()", a => Checked(a, new Eye()));
        torch.Add([Module + "dirac_"], ["tensor", "groups=1"], "Dirac(groups), torch layout",
            a => Checked(a, new Dirac(a.Long("groups", 1) is long g and >= int.MinValue and <= int.MaxValue ? (int)g : throw a.Invalid("groups", a.Value("groups"), "an integer of at most 2147483647")) { Layout = FanLayout.Torch }));
        torch.Add([Module + "xavier_uniform_"], ["tensor", "gain=1.0", "generator=None"], "XavierUniform(gain), torch layout",
            a => Checked(a, new XavierUniform(a.Double("gain", 1.0)) { Layout = FanLayout.Torch }));
        torch.Add([Module + "xavier_normal_"], ["tensor", "gain=1.0", "generator=None"], "XavierNormal(gain), torch layout",
            a => Checked(a, new XavierNormal(a.Double("gain", 1.0)) { Layout = FanLayout.Torch }));
        torch.Add([Module + "kaiming_uniform_"], ["tensor", "a=0", "mode='fan_in'", "nonlinearity='leaky_relu'", "generator=None"], "KaimingUniform(a, mode, nonlinearity), torch layout",
            a => Checked(a, new KaimingUniform(a.Double("a", 0.0), a.String("mode", "fan_in"), a.String("nonlinearity", "leaky_relu")) { Layout = FanLayout.Torch }));
        torch.Add([Module + "kaiming_normal_"], ["tensor", "a=0", "mode='fan_in'", "nonlinearity='leaky_relu'", "generator=None"], "KaimingNormal(a, mode, nonlinearity), torch layout",
            a => Checked(a, new KaimingNormal(a.Double("a", 0.0), a.String("mode", "fan_in"), a.String("nonlinearity", "leaky_relu")) { Layout = FanLayout.Torch }));
        torch.Add([Module + "orthogonal_"], ["tensor", "gain=1", "generator=None"], "Orthogonal(gain), torch layout (flattened to (size(0), numel / size(0)))",
            a => Checked(a, new Orthogonal(a.Double("gain", 1.0)) { Layout = FanLayout.Torch }));
        torch.Add([Module + "sparse_"], ["tensor", "sparsity", "std=0.01", "generator=None"], "Sparse(sparsity, std), torch layout",
            a => Checked(a, new Sparse(a.RequiredDouble("sparsity"), a.Double("std", 0.01)) { Layout = FanLayout.Torch }));
    }

    private static Initializer Checked(CallArguments args, Initializer initializer)
    {
        if (!args.Has("tensor"))
        {
            throw PythonCodeException.At(args.Call.Position, $"{args.Function}() missing required argument 'tensor' (the weight to fill, e.g. w)");
        }

        PythonFormBuilder.NoGenerator(args);
        return initializer;
    }
}
