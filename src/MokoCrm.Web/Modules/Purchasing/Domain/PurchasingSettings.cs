using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Domain;

/// <summary>The purchasing settings (one row; the defaults apply until an administrator saves the screen).</summary>
public sealed class PurchasingSettings : Entity, IAudited
{
    /// <summary>Orders above this amount excl. tax need a second approver (right "approve2"); null: never.</summary>
    public decimal? SecondApprovalAbove { get; set; }

    /// <summary>Whoever created an order may not approve it.</summary>
    public bool ForbidSelfApproval { get; set; }

    public ApprovalPolicy Policy => new(SecondApprovalAbove, ForbidSelfApproval);
}
