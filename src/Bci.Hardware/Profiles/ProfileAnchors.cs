namespace Bci.Hardware.Profiles;

/// <summary>
/// Points in a profile's position frame where the simulator places its cortical sources: the left and right
/// sensorimotor cortex (near C3 and C4) and the occipital cortex (near Oz).
/// </summary>
public sealed record ProfileAnchors(IReadOnlyList<double> LeftMotor, IReadOnlyList<double> RightMotor, IReadOnlyList<double> Occipital);
