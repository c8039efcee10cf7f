// Entities of a pretend module "Alpha", used only by the bad example of the EF model rules.
namespace MokoCrm.Web.Modules.Alpha.Domain;

public sealed class BadWidget
{
    public long Id { get; set; }

    public decimal Price { get; set; }
}

public sealed class GoodWidget
{
    public long Id { get; set; }

    public decimal Price { get; set; }
}
