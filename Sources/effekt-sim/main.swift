#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

Interruption.install()
exit(EffektSim.main(Array(CommandLine.arguments.dropFirst())))
