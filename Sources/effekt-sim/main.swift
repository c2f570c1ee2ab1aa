#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEffektSupport

// Sweeps run many small simulations in a row: keep up to 16 MB of freed
// memory for the next point instead of paying page faults to touch it again.
effekt_keep_freed_memory(16 << 20)
Interruption.install()
exit(EffektSim.main(Array(CommandLine.arguments.dropFirst())))
